# A small module under test: one application environment — an owner (a
# Webcore user), a web server built from a template found by its label, a
# deploy key for Webscale and a link to yesterday's logs of the application.
# tests/*.tftest.hcl apply it against the emulator: see README.md.
#
# The passwords never reach the plan or the state: they come from ephemeral
# variables into write-only arguments, which Terraform 1.11 and OpenTofu 1.11
# and later have. On an older CLI, use `password` and `initial_root_password`.

terraform {
  required_version = ">= 1.11" # write-only arguments
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

# No provider block: a module leaves that to its caller. Under `terraform test`
# the provider is configured from the environment (WEBCORE_URL, WEBSCALE_URL, …),
# which `webcore-emulator --print-env` sets for the emulator.

resource "webcore_user" "owner" {
  login      = var.name
  email      = var.owner_email
  first_name = "Owner of"
  last_name  = var.name

  password_wo         = var.owner_password
  password_wo_version = var.owner_password_version # raise it to send a new password
}

data "webcore_template" "os" {
  label = var.template_label
}

resource "webcore_virtual_server" "web" {
  label             = "${var.name}-web"
  hostname          = "${var.name}-web"
  template_id       = data.webcore_template.os.id
  memory            = var.memory
  cpus              = 1
  cpu_shares        = 50
  primary_disk_size = max(10, data.webcore_template.os.min_disk_size)
  note              = "Web server of ${var.name}, owned by ${var.owner_email}"

  initial_root_password_wo = var.root_password # sent once, at build time
}

resource "webscale_access_key" "deploy" {
  provider   = webcore # webscale_* objects are served by the webcore provider
  expires_at = var.deploy_key_expires_at
}

data "webscale_app_logs" "yesterday" {
  provider   = webcore
  app_id     = var.app_id
  start_time = var.logs_start_time
  end_time   = timeadd(var.logs_start_time, "24h")
}
