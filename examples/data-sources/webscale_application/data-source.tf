# A Webscale application by a host name it serves (or by its id), e.g. to
# check an app_id before asking for its logs.
data "webscale_application" "shop" {
  provider = webcore
  alias    = "shop.example.com"
}

data "webscale_app_logs" "shop" {
  provider   = webcore
  app_id     = data.webscale_application.shop.id
  start_time = "2025-07-31T00:00:00Z"
  end_time   = "2025-08-01T00:00:00Z"
}

output "shop_app_id" {
  value = data.webscale_application.shop.id
}

output "shop_aliases" {
  value = data.webscale_application.shop.aliases
}
