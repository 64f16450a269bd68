# A Webscale access key for a CI job that downloads logs.
resource "webscale_access_key" "example" {
  # The provider's type name is webcore; without this line Terraform would look
  # for a provider named after the resource's "webscale" prefix.
  provider = webcore

  # Optional: when the key stops working. Omit it for a key that never expires.
  # Changing it replaces the key (keys cannot be edited).
  expires_at = "2030-12-31T23:59:59Z"
}

# The secret is returned only when the key is created; Terraform keeps it in state.
output "webscale_access_key_secret" {
  value     = webscale_access_key.example.secret
  sensitive = true
}
