# Quick start: one of each object the provider manages. `make demo` applies it
# against the emulator; against a real account only the provider settings
# (environment variables) and the variables in variables.tf differ.

terraform {
  required_version = ">= 1.5"
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

# Every setting comes from the environment (WEBCORE_URL, WEBCORE_USERNAME,
# WEBCORE_PASSWORD or WEBCORE_API_KEY, WEBSCALE_URL, WEBSCALE_ACCESS_TOKEN,
# WEBCORE_CA_CERT_FILE), so this file holds no secret.
provider "webcore" {}

resource "webcore_user" "quickstart" {
  login      = var.user_login
  email      = var.user_email
  password   = var.user_password
  first_name = "Quick"
  last_name  = "Start"
}

# The OS template, found by the label the control panel shows.
data "webcore_template" "os" {
  label = var.template_label
}

resource "webcore_virtual_server" "quickstart" {
  label             = "quickstart-01"
  hostname          = "quickstart-01"
  template_id       = data.webcore_template.os.id
  memory            = 1024 # MB
  cpus              = 1
  cpu_shares        = 50
  primary_disk_size = 10 # GB
  note              = "Created by the terraform-provider-webcore quick start"
}

resource "webscale_access_key" "quickstart" {
  # webscale_* objects are served by the webcore provider; Terraform would
  # otherwise look for a provider named after the "webscale" prefix.
  provider = webcore

  expires_at = var.access_key_expires_at
}

data "webscale_app_logs" "quickstart" {
  provider = webcore # as above

  app_id     = var.app_id
  start_time = var.logs_start_time
  end_time   = var.logs_end_time
}
