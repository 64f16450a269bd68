# The identity of a user is its numeric id.
import {
  to       = webcore_user.example
  identity = { id = "12" }
}
