# A user is imported by its numeric id. The API never returns passwords, so
# the next apply sets the configured password on the imported user.
terraform import webcore_user.example 12
