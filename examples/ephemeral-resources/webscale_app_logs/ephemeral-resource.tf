# A download link that is asked for on every run and never stored: unlike the
# data source, it does not show as a change in every plan.
ephemeral "webscale_app_logs" "day" {
  # The provider's type name is webcore; without this line Terraform would look
  # for a provider named after the "webscale" prefix.
  provider = webcore

  app_id     = "example-app"
  start_time = "2025-07-31T00:00:00Z"
  end_time   = "2025-08-01T00:00:00Z"
}

# Ephemeral values may be used by provisioners: the link reaches the command's
# environment, and neither the plan nor the state.
resource "terraform_data" "archive_logs" {
  provisioner "local-exec" {
    command     = "curl --fail --silent --show-error --output example-app-logs.json \"$LOGS_URL\""
    environment = { LOGS_URL = ephemeral.webscale_app_logs.day.download_url }
  }
}
