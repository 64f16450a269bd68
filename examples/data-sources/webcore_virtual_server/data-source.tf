# An existing server, found by exactly one of label, identifier or id.
data "webcore_virtual_server" "db" {
  label = "db-01"
}

output "db_ip_address" {
  value = data.webcore_virtual_server.db.ip_address
}

output "db_owner_user_id" {
  value = data.webcore_virtual_server.db.user_id
}
