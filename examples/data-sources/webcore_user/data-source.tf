# An existing user, found by exactly one of login, email or id.
data "webcore_user" "ops" {
  login = "ops-lead"
}

data "webcore_user" "by_email" {
  email = "ops-lead@example.com"
}

output "ops_user_id" {
  value = data.webcore_user.ops.id
}

output "ops_user_role_ids" {
  value = data.webcore_user.ops.role_ids
}
