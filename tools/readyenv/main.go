// Command readyenv turns the emulator's ready file into shell `export` lines
// for the provider's environment variables, so scripts need no JSON tool:
//
//	eval "$(go run ./tools/readyenv /path/to/ready.json)"
//
// It prints what `webcore-emulator --print-env READY_FILE` prints (for users
// without this source tree). The output carries credentials: evaluate it,
// never print it.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: readyenv READY_FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "readyenv:", err)
		os.Exit(1)
	}
}

func run(path string, out io.Writer) error {
	info, err := emulator.ReadReadyFile(path)
	if err != nil {
		return err
	}
	_, err = io.WriteString(out, info.ShellExports())
	return err
}
