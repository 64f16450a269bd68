variable "user_password" {
  description = "Initial password of the user (at least 6 characters)."
  type        = string
  sensitive   = true
}

# A role by the label the control panel shows, instead of its id.
data "webcore_role" "user" {
  label = "User"
}

resource "webcore_user" "support" {
  login    = "jsmith"
  email    = "john.smith@example.com"
  password = var.user_password
  role_ids = [data.webcore_role.user.id]
}

output "user_role_id" {
  value = data.webcore_role.user.id
}
