# OpenTofu before 1.12 looks for a provider named after the "webscale" prefix
# of an import block's target; use `tofu import` there.
import {
  to = webscale_access_key.example
  id = "7"
}
