package provider

import (
	"maps"
	"testing"
)

func TestTuneProcess(t *testing.T) {
	quiet := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_PROVIDER": "OFF"}
	with := func(a, b map[string]string) map[string]string { m := maps.Clone(a); maps.Copy(m, b); return m }
	for _, tc := range []struct {
		name   string
		env    map[string]string
		want   map[string]string
		wantGC int // 0: left alone
	}{
		{"no log level: the SDKs' and the provider's logs are off", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"},
			with(quiet, map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}), providerGCPercent},
		{"empty, as Terraform reads it, is no level", map[string]string{"TF_LOG": ""},
			with(quiet, map[string]string{"TF_LOG": ""}), providerGCPercent},
		{"TF_LOG: logs untouched", map[string]string{"TF_LOG": "TRACE"}, map[string]string{"TF_LOG": "TRACE"}, providerGCPercent},
		{"TF_LOG_PROVIDER: logs untouched", map[string]string{"TF_LOG_PROVIDER": "DEBUG"}, map[string]string{"TF_LOG_PROVIDER": "DEBUG"}, providerGCPercent},
		{"TF_LOG_SDK_FRAMEWORK: logs untouched", map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, providerGCPercent},
		{"GOGC set: the collector untouched", map[string]string{"GOGC": "100", "TF_LOG": "INFO"}, map[string]string{"GOGC": "100", "TF_LOG": "INFO"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := maps.Clone(tc.env)
			gc := 0
			tuneProcess(
				func(k string) (string, bool) { v, ok := env[k]; return v, ok },
				func(k, v string) error { env[k] = v; return nil },
				func(p int) int { gc = p; return 100 },
			)
			if !maps.Equal(env, tc.want) || gc != tc.wantGC {
				t.Fatalf("environment = %v, GC percent %d; want %v, %d", env, gc, tc.want, tc.wantGC)
			}
		})
	}
}
