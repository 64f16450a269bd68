# The identity of a server is its numeric id (the identifier works only as
# an import id, above).
import {
  to       = webcore_virtual_server.example
  identity = { id = "42" }
}
