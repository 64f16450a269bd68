# Every active user whose login starts with "ci-", ordered by id.
data "webcore_users" "ci" {
  status       = "active"
  login_prefix = "ci-"
}

output "ci_user_ids" {
  value = data.webcore_users.ci.ids
}

output "ci_user_emails" {
  value = data.webcore_users.ci.users[*].email
}
