service {
  name = "web"

  check {
    name                     = "health"
    type                     = "http"
    protocol                 = "http"
    path                     = "/health?deep=1"
    method                   = "HEAD"
    address_mode             = "driver"
    port                     = 8080
    interval                 = "5s"
    timeout                  = "500ms"
    success_before_passing   = 2
    failures_before_critical = 4
  }

  check {
    name                     = "port"
    type                     = "tcp"
    address_mode             = "driver"
    port                     = 8080
    interval                 = "10s"
    timeout                  = "1s"
    failures_before_critical = 3
  }
}

service {
  name = "os"

  check {
    name     = "ui-socket"
    type     = "script"
    command  = "vigil"
    args     = ["probe", "--timeout", "1s", "unix:<repo>/examples/run/ui.sock", "--http", "/livez"]
    interval = "10s"
    timeout  = "1s"

    check_restart {
      limit = 3
      grace = "0s"
    }
  }

  check {
    name                     = "server-socket"
    type                     = "script"
    command                  = "vigil"
    args                     = ["probe", "--timeout", "1s", "unix:/run/os/server.sock"]
    interval                 = "10s"
    timeout                  = "1s"
    failures_before_critical = 3
  }

  check {
    name     = "rpc"
    type     = "script"
    command  = "vigil"
    args     = ["probe", "--timeout", "1s", "unix:/run/os/rpc.sock", "--jsonrpc", "status.get", "--params", "{\"verbose\":true,\"depth\":2}"]
    interval = "10s"
    timeout  = "1s"

    check_restart {
      limit = 3
      grace = "0s"
    }
  }

  check {
    name         = "rpc-http"
    type         = "tcp"
    address_mode = "driver"
    port         = 9090
    interval     = "10s"
    timeout      = "1s"

    check_restart {
      limit = 3
      grace = "0s"
    }
  }

  check {
    name     = "rpc-tcp"
    type     = "script"
    command  = "vigil"
    args     = ["probe", "--timeout", "1s", "127.0.0.1:9091", "--jsonrpc", "rpc.discover", "--params", "[\"a\",1]"]
    interval = "10s"
    timeout  = "1s"

    check_restart {
      limit = 3
      grace = "0s"
    }
  }

  check {
    name     = "script"
    type     = "script"
    command  = "/bin/sh"
    args     = ["-c", "test -d /tmp"]
    interval = "1m"
    timeout  = "5s"

    check_restart {
      limit = 3
      grace = "0s"
    }
  }

  check {
    name         = "grpc"
    type         = "grpc"
    grpc_service = "vigil.Demo"
    grpc_use_tls = true
    address_mode = "driver"
    port         = 50051
    interval     = "10s"
    timeout      = "1s"

    check_restart {
      limit = 3
      grace = "0s"
    }
  }
}
