# The module's own checks refuse bad input before anything is created.

variables {
  name           = "shop"
  owner_email    = "shop-owner@example.com"
  owner_password = "correct-horse-42"
  root_password  = "battery-staple-42"
  app_id         = "my-app"
}

run "rejects_a_name_with_capitals" {
  command = plan

  variables {
    name = "Shop_01"
  }

  expect_failures = [var.name]
}

run "rejects_memory_off_the_grid" {
  command = plan

  variables {
    memory = 1000
  }

  expect_failures = [var.memory]
}
