# A virtual server is imported by its numeric id or by its identifier. Everything
# but initial_root_password is read from the API; a configured password is
# adopted by the next apply without replacing the server.
terraform import webcore_virtual_server.example 42
terraform import webcore_virtual_server.example a1b2c3d4e5f6g7
