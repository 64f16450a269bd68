package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

// exercise runs the same behaviour checks against any Store.
func exercise(t *testing.T, s Store) {
	t.Helper()
	must(t, s.Put("b", "k2", []byte("two")))
	must(t, s.Put("b", "k1", []byte("one")))
	must(t, s.Put("other", "x", []byte("x")))
	must(t, s.Put("b", "k1", []byte("uno")))
	if got := dump(t, s, "b"); !reflect.DeepEqual(got, []string{"k1=uno", "k2=two"}) {
		t.Fatalf("ForEach in key order: got %v", got)
	}
	must(t, s.Delete("b", "k2"))
	must(t, s.Delete("b", "missing"))
	must(t, s.Delete("nobucket", "missing"))
	if got := dump(t, s, "b"); !reflect.DeepEqual(got, []string{"k1=uno"}) {
		t.Fatalf("after delete: got %v", got)
	}
	if got := dump(t, s, "nobucket"); len(got) != 0 {
		t.Fatalf("missing bucket: got %v", got)
	}
	stop := errors.New("stop")
	if err := s.ForEach("b", func(string, []byte) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("ForEach must return fn's error, got %v", err)
	}
	// fn may write to the store while iterating.
	must(t, s.ForEach("b", func(k string, v []byte) error { return s.Put("copy", k, v) }))
	if got := dump(t, s, "copy"); !reflect.DeepEqual(got, []string{"k1=uno"}) {
		t.Fatalf("write during ForEach: got %v", got)
	}
	must(t, s.Clear())
	for _, b := range []string{"b", "other", "copy"} {
		if got := dump(t, s, b); len(got) != 0 {
			t.Fatalf("after Clear bucket %s: got %v", b, got)
		}
	}
}

func TestMemoryStore(t *testing.T) { exercise(t, NewMemory()) }

func TestBoltStore(t *testing.T) {
	s, err := OpenBolt(filepath.Join(t.TempDir(), "s.db"))
	must(t, err)
	defer func() { must(t, s.Close()) }()
	exercise(t, s)
}

func TestBoltStoreSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := OpenBolt(path)
	must(t, err)
	must(t, s.Put("users", "1", []byte(`{"id":1}`)))
	must(t, s.Put("users", "2", []byte(`{"id":2}`)))
	must(t, s.Delete("users", "2"))
	must(t, s.Close())

	s, err = OpenBolt(path)
	must(t, err)
	defer func() { must(t, s.Close()) }()
	if got := dump(t, s, "users"); !reflect.DeepEqual(got, []string{`1={"id":1}`}) {
		t.Fatalf("after reopen: got %v", got)
	}
}

func TestBoltStoreRefusesSecondOpener(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := OpenBolt(path)
	must(t, err)
	defer func() { must(t, s.Close()) }()
	if s2, err := OpenBolt(path); err == nil {
		_ = s2.Close()
		t.Fatal("second OpenBolt of a locked file must fail")
	}
}

func dump(t *testing.T, s Store, bucket string) []string {
	t.Helper()
	var out []string
	must(t, s.ForEach(bucket, func(k string, v []byte) error {
		out = append(out, k+"="+string(v))
		return nil
	}))
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
