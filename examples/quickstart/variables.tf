# The defaults fit the emulator's seeded world; change them for a real account.

variable "user_login" {
  description = "Login of the user to create (2-40 of letters, digits, _ @ . -)."
  type        = string
  default     = "quickstart"
}

variable "user_email" {
  description = "Email of the user to create."
  type        = string
  default     = "quickstart@example.com"
}

variable "user_password" {
  description = "Initial password of the user (at least 6 characters). `make demo` generates one."
  type        = string
  sensitive   = true
}

variable "template_label" {
  description = "Label of the OS template to build the server from, as the control panel shows it; the emulator seeds this one."
  type        = string
  default     = "Ubuntu 24.04 x64"
}

variable "access_key_expires_at" {
  description = "When the access key stops working (RFC 3339), or null for a key that never expires."
  type        = string
  default     = "2030-12-31T23:59:59Z"
}

variable "app_id" {
  description = "Webscale application whose logs to fetch; example-app is seeded in the emulator."
  type        = string
  default     = "example-app"
}

variable "logs_start_time" {
  description = "Start of the log window (RFC 3339; without an offset it means UTC)."
  type        = string
  default     = "2025-07-31T00:00:00Z"
}

variable "logs_end_time" {
  description = "End of the log window, exclusive (RFC 3339)."
  type        = string
  default     = "2025-08-01T00:00:00Z"
}
