# Applies the module against the emulator and checks what it built. The
# template and the application come from the emulator's seed file
# (../emulator-seed.json), as they would from your real control panel.

variables {
  name           = "shop"
  owner_email    = "shop-owner@example.com"
  owner_password = "correct-horse-42" # in CI, from a TF_VAR_ variable: never in the plan or the state
  root_password  = "battery-staple-42"
  template_label = "Rocky Linux 9 x64" # template 42 of the seed file
  app_id         = "my-app"            # seeded too
}

run "builds_the_environment" {
  assert {
    condition     = output.template_id == 42
    error_message = "The server must be built from the seeded template 42, not ${output.template_id}."
  }

  assert {
    condition     = output.server_ready
    error_message = "The web server must be built, booted and unlocked once the apply returns."
  }

  assert {
    condition     = can(cidrnetmask("${output.server_ip_address}/32"))
    error_message = "The web server has no IP address: '${output.server_ip_address}'."
  }

  assert {
    condition     = webcore_user.owner.login == "shop" && webcore_virtual_server.web.hostname == "shop-web"
    error_message = "The owner and the server must be named after the environment."
  }

  assert {
    condition     = webcore_virtual_server.web.primary_disk_size == 10 && webcore_virtual_server.web.operating_system == "linux"
    error_message = "The server must have the template's 10 GB minimum disk and its operating system."
  }

  assert {
    condition     = webcore_user.owner.password_wo == null && webcore_virtual_server.web.initial_root_password_wo == null
    error_message = "Write-only passwords must never be stored."
  }

  assert {
    condition     = output.deploy_key_id != "" && length(nonsensitive(output.deploy_key_secret)) > 0
    error_message = "The deploy key must exist and have a secret."
  }

  assert {
    condition     = output.logs_window == "my-app/2025-07-31T00:00:00Z/2025-08-01T00:00:00Z"
    error_message = "The logs must cover the day after logs_start_time, not ${output.logs_window}."
  }
}

run "grows_the_server_in_place" {
  variables {
    memory = 2048
  }

  assert {
    condition     = webcore_virtual_server.web.memory == 2048 && output.server_ready
    error_message = "The server must be resized to 2048 MB and be ready again."
  }
}

run "sends_a_new_owner_password_in_place" {
  variables {
    owner_password         = "correct-horse-43"
    owner_password_version = 2
  }

  # That the user is updated in place, not replaced, is checked by the
  # provider's acceptance tests: OpenTofu 1.12 cannot compare this run's
  # output with an earlier run's (its condition is "not known at this time").
  assert {
    condition     = webcore_user.owner.password_wo_version == 2 && webcore_user.owner.password_wo == null
    error_message = "The new password version must be applied, and the password never stored."
  }
}
