output "owner_id" {
  description = "Id of the owner's Webcore user."
  value       = webcore_user.owner.id
}

output "template_id" {
  description = "Id of the template the web server was built from."
  value       = data.webcore_template.os.id
}

output "server_ip_address" {
  description = "The web server's primary IP address."
  value       = webcore_virtual_server.web.ip_address
}

output "server_ready" {
  description = "Whether the web server is built, running and unlocked."
  value       = webcore_virtual_server.web.built && webcore_virtual_server.web.booted && !webcore_virtual_server.web.locked
}

output "deploy_key_id" {
  description = "Id of the Webscale deploy key."
  value       = webscale_access_key.deploy.id
}

output "deploy_key_secret" {
  description = "The deploy key's access token."
  value       = webscale_access_key.deploy.secret
  sensitive   = true
}

output "logs_window" {
  description = "The window of logs linked (the download link itself is a fresh secret on every read)."
  value       = data.webscale_app_logs.yesterday.id
}
