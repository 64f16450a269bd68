# Every server whose label starts with "batch-" (add user_id to keep only
# one user's), ordered by id.
data "webcore_virtual_servers" "batch" {
  label_prefix = "batch-"
}

output "batch_server_ids" {
  value = data.webcore_virtual_servers.batch.ids
}

output "batch_ip_addresses" {
  value = { for s in data.webcore_virtual_servers.batch.virtual_servers : s.label => s.ip_address }
}
