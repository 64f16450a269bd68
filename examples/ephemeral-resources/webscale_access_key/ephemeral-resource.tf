# A key that exists only while Terraform runs: it is created when the run needs
# it, stops working after ttl at the latest, and is deleted when the run ends.
# Its secret is never written to the plan or the state.
ephemeral "webscale_access_key" "run" {
  # The provider's type name is webcore; without this line Terraform would look
  # for a provider named after the "webscale" prefix.
  provider = webcore

  ttl = "30m"
}

# A provider configuration that works with the short-lived key, for example to
# read logs in a pipeline whose own credentials should not leave the machine.
provider "webcore" {
  alias = "short_lived"

  webscale {
    access_token = ephemeral.webscale_access_key.run.secret
  }
}

data "webscale_app_logs" "first_hours" {
  provider = webcore.short_lived

  app_id     = "example-app"
  start_time = "2025-07-31T00:00:00Z"
  end_time   = "2025-07-31T06:00:00Z"
}
