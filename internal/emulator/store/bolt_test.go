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
	must(t, put(s, "b", "k2", "two"))
	must(t, put(s, "b", "k1", "one"))
	must(t, put(s, "other", "x", "x"))
	must(t, put(s, "b", "k1", "uno"))
	if got := dump(t, s, "b"); !reflect.DeepEqual(got, []string{"k1=uno", "k2=two"}) {
		t.Fatalf("ForEach in key order: got %v", got)
	}
	must(t, del(s, "b", "k2"))
	must(t, del(s, "b", "missing"))
	must(t, del(s, "nobucket", "missing"))
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
	must(t, s.ForEach("b", func(k string, v []byte) error { return put(s, "copy", k, string(v)) }))
	if got := dump(t, s, "copy"); !reflect.DeepEqual(got, []string{"k1=uno"}) {
		t.Fatalf("write during ForEach: got %v", got)
	}
	exerciseUpdate(t, s)
	must(t, s.Clear())
	for _, b := range []string{"b", "other", "copy", "batch"} {
		if got := dump(t, s, b); len(got) != 0 {
			t.Fatalf("after Clear bucket %s: got %v", b, got)
		}
	}
}

// exerciseUpdate checks that the writes of one Update are kept together or not at all.
func exerciseUpdate(t *testing.T, s Store) {
	t.Helper()
	must(t, s.Update(func(tx Tx) error {
		must(t, tx.Put("batch", "a", []byte("1")))
		must(t, PutJSON(tx, "batch", "b", map[string]int{"n": 2}))
		must(t, tx.Put("batch", "c", []byte("3")))
		return tx.Delete("batch", "c")
	}))
	if got := dump(t, s, "batch"); !reflect.DeepEqual(got, []string{"a=1", `b={"n":2}`}) {
		t.Fatalf("one Update with puts and a delete: got %v", got)
	}
	failed := errors.New("refused")
	err := s.Update(func(tx Tx) error {
		must(t, tx.Put("batch", "a", []byte("changed")))
		must(t, tx.Delete("batch", "b"))
		must(t, tx.Put("fresh", "x", []byte("x")))
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Update must return fn's error, got %v", err)
	}
	if got := dump(t, s, "batch"); !reflect.DeepEqual(got, []string{"a=1", `b={"n":2}`}) {
		t.Fatalf("a failed Update kept writes: got %v", got)
	}
	if got := dump(t, s, "fresh"); len(got) != 0 {
		t.Fatalf("a failed Update created a bucket's records: got %v", got)
	}
	if err := s.Update(func(tx Tx) error { return PutJSON(tx, "batch", "bad", func() {}) }); err == nil {
		t.Fatal("PutJSON of a value JSON cannot encode must fail")
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
	must(t, put(s, "users", "1", `{"id":1}`))
	must(t, put(s, "users", "2", `{"id":2}`))
	must(t, del(s, "users", "2"))
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

// put and del write one record in an Update of its own.
func put(s Store, bucket, key, value string) error {
	return s.Update(func(tx Tx) error { return tx.Put(bucket, key, []byte(value)) })
}

func del(s Store, bucket, key string) error {
	return s.Update(func(tx Tx) error { return tx.Delete(bucket, key) })
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
