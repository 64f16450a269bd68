# The identity of a key is its id. Naming the provider lets
# `plan -generate-config-out` write the resource block with it.
import {
  provider = webcore
  to       = webscale_access_key.example
  identity = { id = "7" }
}
