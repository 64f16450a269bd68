variable "user_password" {
  description = "Initial password of the user (at least 6 characters)."
  type        = string
  sensitive   = true
}

resource "webcore_user" "example" {
  login           = "jdoe"
  email           = "jane.doe@example.com"
  password        = var.user_password
  first_name      = "Jane"
  last_name       = "Doe"
  billing_plan_id = 1
  time_zone       = "Europe/London"
  locale          = "en"
  status          = "active"
}
