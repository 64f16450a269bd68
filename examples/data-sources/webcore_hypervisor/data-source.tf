# A hypervisor by its label.
data "webcore_hypervisor" "kvm01" {
  label = "hv-kvm-01"
}

# Or chosen in a zone among the online ones: the lowest id wins, so every
# plan picks the same hypervisor.
data "webcore_hypervisor" "zone2" {
  hypervisor_group_id = 2
  online              = true
}

output "kvm01_id" {
  value = data.webcore_hypervisor.kvm01.id
}

output "zone2_hypervisor_id" {
  value = data.webcore_hypervisor.zone2.id
}
