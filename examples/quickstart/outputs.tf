output "server_ip_address" {
  description = "The virtual server's primary IP address."
  value       = webcore_virtual_server.quickstart.ip_address
}

output "user_id" {
  description = "Id of the created Webcore user."
  value       = webcore_user.quickstart.id
}

output "access_key_id" {
  description = "Id of the created Webscale access key."
  value       = webscale_access_key.quickstart.id
}

output "access_key_secret" {
  description = "The new access token: `terraform output -raw access_key_secret` shows it."
  value       = webscale_access_key.quickstart.secret
  sensitive   = true
}

# The window only: the download link itself is a fresh secret on every read, so
# an output of it would change on every plan.
output "app_logs_window" {
  description = "The log window the data source fetched a download link for."
  value       = data.webscale_app_logs.quickstart.id
}
