service {
  name = "api"

  check {
    name                     = "health"
    type                     = "http"
    protocol                 = "http"
    path                     = "/health"
    address_mode             = "driver"
    port                     = 18081
    interval                 = "2s"
    timeout                  = "500ms"
    failures_before_critical = 2
  }
}

service {
  name = "batch"
}

service {
  name = "flaky"
}

service {
  name = "os"

  check {
    name         = "server"
    type         = "http"
    protocol     = "http"
    path         = "/health"
    address_mode = "driver"
    port         = 18082
    interval     = "2s"
    timeout      = "500ms"

    check_restart {
      limit = 3
      grace = "2s"
    }
  }

  check {
    name     = "ui"
    type     = "script"
    command  = "vigil"
    args     = ["probe", "--timeout", "500ms", "unix:<repo>/.vigil/demo/ui.sock", "--http", "/health"]
    interval = "2s"
    timeout  = "500ms"

    check_restart {
      limit = 3
      grace = "2s"
    }
  }
}

service {
  name = "web"

  check {
    name         = "health"
    type         = "http"
    protocol     = "http"
    path         = "/health"
    address_mode = "driver"
    port         = 18080
    interval     = "2s"
    timeout      = "500ms"

    check_restart {
      limit = 3
      grace = "2s"
    }
  }
}

service {
  name = "worker"

  check {
    name                     = "app"
    type                     = "http"
    protocol                 = "http"
    path                     = "/health"
    address_mode             = "driver"
    port                     = 18091
    interval                 = "2s"
    timeout                  = "1s"
    failures_before_critical = 3
  }
}
