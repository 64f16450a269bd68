# A virtual server is imported by its numeric id or by its identifier. The API
# does not return build-time arguments (initial_root_password, primary and swap
# disk sizes, hypervisor_group_id, time_zone): the next apply adopts their
# configured values without replacing the server.
terraform import webcore_virtual_server.example 42
terraform import webcore_virtual_server.example a1b2c3d4e5f6g7
