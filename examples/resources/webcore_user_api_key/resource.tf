variable "user_password" {
  description = "Initial password of the user (at least 6 characters)."
  type        = string
  sensitive   = true
}

variable "key_rotation" {
  description = "Change it to generate a new key: the previous one stops working."
  type        = string
  default     = "2030-01"
}

resource "webcore_user" "kim" {
  login    = "kim.lee"
  email    = "kim.lee@example.com"
  password = var.user_password
}

# Kim's API key. A user has one key at a time: generating a new one (a new
# key_rotation) makes the previous one stop working.
resource "webcore_user_api_key" "kim" {
  user_id = webcore_user.kim.id
  keepers = {
    rotation = var.key_rotation
  }
}

# A provider alias that logs in as Kim: username is Kim's email, api_key the
# generated key. The url and ca_cert_file come from WEBCORE_URL and
# WEBCORE_CA_CERT_FILE, as for the default provider.
provider "webcore" {
  alias = "kim"
  webcore {
    username = webcore_user.kim.email
    api_key  = webcore_user_api_key.kim.api_key
  }
}

data "webcore_template" "debian" {
  operating_system_distro = "debian"
}

# Created by Kim, so owned by Kim.
resource "webcore_virtual_server" "kim_web" {
  provider          = webcore.kim
  label             = "kim-web-01"
  hostname          = "kim-web-01"
  template_id       = data.webcore_template.debian.id
  memory            = 512
  cpus              = 1
  cpu_shares        = 10
  primary_disk_size = 10
}
