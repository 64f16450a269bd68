# The numeric id or the identifier (e.g. "a1b2c3d4e5f6g7") both work.
import {
  to = webcore_virtual_server.example
  id = "42"
}
