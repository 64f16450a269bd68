# Find a template by what it is, instead of writing its id by hand. On a
# panel with several matching templates, most_recent picks the newest
# version, and among equal versions the highest id.
data "webcore_template" "ubuntu" {
  operating_system        = "linux"
  operating_system_distro = "ubuntu"
  version                 = "24.04"
  most_recent             = true
}

# Or by the label the control panel shows.
data "webcore_template" "debian" {
  label = "Debian 12 x64"
}

# Or by its id, to read what it is.
data "webcore_template" "by_id" {
  id = 2
}

output "ubuntu_template_id" {
  value = data.webcore_template.ubuntu.id
}

output "debian_min_disk_size" {
  value = data.webcore_template.debian.min_disk_size
}

output "template_2_label" {
  value = data.webcore_template.by_id.label
}
