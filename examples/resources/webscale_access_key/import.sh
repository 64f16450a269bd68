# Import an access key by its id (the last segment of its href,
# /v2/users/{user}/access-keys/{id}). The secret cannot be read back from the
# API, so an imported key's secret stays null.
terraform import webscale_access_key.example 7
