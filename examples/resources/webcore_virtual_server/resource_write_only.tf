# Terraform 1.11 or OpenTofu 1.11 and later: the root password is sent once, at build time, and
# is never stored in the plan or the state.
variable "db_root_password" {
  description = "Initial root password: 6 to 32 letters, digits, '_' or '-'."
  type        = string
  sensitive   = true
  ephemeral   = true
}

data "webcore_template" "debian" {
  operating_system        = "linux"
  operating_system_distro = "debian"
}

resource "webcore_virtual_server" "db" {
  label             = "db-01"
  hostname          = "db-01"
  template_id       = data.webcore_template.debian.id
  memory            = 2048
  cpus              = 2
  cpu_shares        = 50
  primary_disk_size = 40

  initial_root_password_wo = var.db_root_password
}
