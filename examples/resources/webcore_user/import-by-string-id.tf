import {
  to = webcore_user.example
  id = "12"
}
