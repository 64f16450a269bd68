# Terraform 1.11 or OpenTofu 1.11 and later: a write-only password is sent to the API but never
# stored in the plan or the state. Terraform cannot compare it with anything,
# so raise password_wo_version whenever the password should be sent again.
variable "jsmith_password" {
  description = "Password of jsmith (at least 6 characters)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "webcore_user" "jsmith" {
  login               = "jsmith"
  email               = "john.smith@example.com"
  password_wo         = var.jsmith_password
  password_wo_version = 1
  billing_plan_id     = 1
}
