# Find a template by what it is, instead of writing its id by hand.
data "webcore_template" "ubuntu" {
  operating_system        = "linux"
  operating_system_distro = "ubuntu"
  version                 = "24.04"
}

# Or by the label the control panel shows.
data "webcore_template" "debian" {
  label = "Debian 12 x64"
}

output "ubuntu_template_id" {
  value = data.webcore_template.ubuntu.id
}

output "debian_min_disk_size" {
  value = data.webcore_template.debian.min_disk_size
}
