variable "root_password" {
  description = "Initial root password: 6 to 32 letters, digits, '_' or '-'."
  type        = string
  sensitive   = true
}

# The OS template, found by what it is (see the webcore_template data source).
data "webcore_template" "ubuntu" {
  operating_system        = "linux"
  operating_system_distro = "ubuntu"
  version                 = "24.04"
}

resource "webcore_virtual_server" "example" {
  label       = "web-01"
  hostname    = "web-01"
  domain      = "example.com"
  template_id = data.webcore_template.ubuntu.id

  memory            = 1024 # MB; memory, cpus and cpu_shares change in place (resize transaction)
  cpus              = 2
  cpu_shares        = 50
  primary_disk_size = 20 # GB; disk sizes change only by replacing the server
  swap_disk_size    = 2

  initial_root_password = var.root_password # sent once, at build time
  power_state           = "running"
  note                  = "Managed by Terraform"

  timeouts {
    create = "45m"
  }
}

output "example_ip_address" {
  value = webcore_virtual_server.example.ip_address
}
