variable "name" {
  description = "Name of the environment: the owner's login and the server's name prefix."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name))
    error_message = "The name must be 2-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "owner_email" {
  description = "Email of the environment's owner."
  type        = string
}

variable "owner_password" {
  description = "Password of the owner (at least 6 characters): sent to the API, never stored."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "owner_password_version" {
  description = "Version of owner_password: raise it to send a new password."
  type        = number
  default     = 1
}

variable "root_password" {
  description = "Initial root password of the web server: 6 to 32 letters, digits, '_' or '-'; never stored."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "template_label" {
  description = "Label of the OS template to build the web server from, as the control panel shows it."
  type        = string
  default     = "Ubuntu 24.04 x64"
}

variable "memory" {
  description = "Memory of the web server in MB: a multiple of 256, from 512 to 16384."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory >= 512 && var.memory <= 16384 && var.memory % 256 == 0
    error_message = "The memory must be a multiple of 256 MB from 512 to 16384."
  }
}

variable "deploy_key_expires_at" {
  description = "When the deploy key stops working (RFC 3339)."
  type        = string
  default     = "2030-12-31T23:59:59Z"
}

variable "app_id" {
  description = "Webscale application whose logs to link."
  type        = string
}

variable "logs_start_time" {
  description = "Start of the day of logs to link (RFC 3339)."
  type        = string
  default     = "2025-07-31T00:00:00Z"
}
