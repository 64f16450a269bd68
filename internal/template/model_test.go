package template

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestFilterMatching(t *testing.T) {
	templates := []client.Template{
		{ID: 1, Label: "Ubuntu 24.04 x64", OperatingSystem: "linux", OperatingSystemDistro: "ubuntu", Version: "24.04"},
		{ID: 2, Label: "Ubuntu 22.04 x64", OperatingSystem: "linux", OperatingSystemDistro: "ubuntu", Version: "22.04"},
		{ID: 3, Label: "Windows Server 2022", OperatingSystem: "windows", OperatingSystemDistro: "2022", Version: "2022"},
	}
	for _, tc := range []struct {
		name  string
		model dataSourceModel
		want  []int64
	}{
		{"label, exact", dataSourceModel{Label: types.StringValue("Ubuntu 22.04 x64")}, []int64{2}},
		{"label is case-sensitive", dataSourceModel{Label: types.StringValue("ubuntu 22.04 x64")}, nil},
		{"os fields ignore case", dataSourceModel{OperatingSystem: types.StringValue("LINUX"), Version: types.StringValue("24.04")}, []int64{1}},
		{"several", dataSourceModel{OperatingSystemDistro: types.StringValue("ubuntu")}, []int64{1, 2}},
		{"unknown values match anything", dataSourceModel{OperatingSystem: types.StringValue("windows"), Version: types.StringUnknown()}, []int64{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			filter, _ := tc.model.ToReadRequest(context.Background())
			var got []int64
			for _, m := range filter.matching(templates) {
				got = append(got, m.ID)
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) || (len(got) > 1 && got[1] != tc.want[1]) {
				t.Errorf("matched %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"24.04", "22.04", 1}, {"24.10", "24.04", 1}, {"12", "9", 1}, {"24.04", "24.04", 0},
		{"24.04.1", "24.04", 1}, {"2022", "2019", 1}, {"9-stream", "9", 1}, {"beta", "alpha", 1},
	} {
		if got := compareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := compareVersions(tc.b, tc.a); got != -tc.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
}

// most_recent keeps the newest version, the highest id among equals; without
// it, every match stays (and several are an error).
func TestChooseMostRecent(t *testing.T) {
	matches := []client.Template{
		{ID: 7, Version: "24.04"}, {ID: 3, Version: "24.10"}, {ID: 9, Version: "22.04"}, {ID: 5, Version: "24.10"},
	}
	if got := (templateFilter{MostRecent: true}).choose(matches); len(got) != 1 || got[0].ID != 5 {
		t.Errorf("most recent = %v, want id 5 (24.10, the higher id of the two)", got)
	}
	if got := (templateFilter{}).choose(matches); len(got) != len(matches) {
		t.Errorf("without most_recent = %v, want every match", got)
	}
	if got := (templateFilter{MostRecent: true}).choose(nil); len(got) != 0 {
		t.Errorf("no matches = %v", got)
	}
}
