terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

# Secrets are best left to the environment: WEBCORE_PASSWORD (or WEBCORE_API_KEY)
# and WEBSCALE_ACCESS_TOKEN. Every setting here can also come from a variable.
provider "webcore" {
  webcore {
    url      = "https://cloud.example.com"
    username = "admin@example.com" # the account email, because an API key is used
    api_key  = var.webcore_api_key
  }

  webscale {
    access_token = var.webscale_access_token
  }
}

variable "webcore_api_key" {
  type      = string
  sensitive = true
}

variable "webscale_access_token" {
  type      = string
  sensitive = true
}
