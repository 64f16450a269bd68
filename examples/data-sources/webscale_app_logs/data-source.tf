# A download link for one day of example-app's request logs.
data "webscale_app_logs" "example" {
  # The provider's type name is webcore; without this line Terraform would look
  # for a provider named after the data source's "webscale" prefix.
  provider = webcore

  app_id = "example-app"
  # RFC 3339, or the vendor's form without an offset, which means UTC.
  start_time = "2025-07-31T00:00:00"
  end_time   = "2025-08-01T00:00:00Z"
}

# The link works without credentials for 15 minutes: treat it as a secret.
# Every read asks for a new link, so this output changes on every plan.
output "example_app_logs_url" {
  value     = data.webscale_app_logs.example.download_url
  sensitive = true
}
