// Command terraform-provider-webcore serves the Webcore provider to Terraform
// and OpenTofu over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/webcore/terraform-provider-webcore/internal/provider"
)

// version is set by goreleaser through -X main.version.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if err := provider.Serve(version, debug); err != nil {
		log.Fatal(err)
	}
}
