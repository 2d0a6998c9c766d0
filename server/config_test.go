package server_test

import (
	"io"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
)

func TestParseConfig(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	cfg, err := server.ParseConfig(nil, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":8080" || cfg.DataDir != "data" || cfg.OrganiserToken != "" || cfg.ShutdownTimeout != 10*time.Second {
		t.Fatalf("defaults: %+v", cfg)
	}

	env["SAMSKAP_ADDR"] = "127.0.0.1:9000"
	env["SAMSKAP_DATA"] = "/var/lib/samskap"
	env["SAMSKAP_ORIGINS"] = "https://a.example/, https://b.example"
	cfg, err = server.ParseConfig(nil, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9000" || cfg.DataDir != "/var/lib/samskap" || len(cfg.Origins) != 2 || cfg.Origins[0] != "https://a.example" {
		t.Fatalf("environment: %+v", cfg)
	}

	cfg, err = server.ParseConfig([]string{"-addr", ":7000", "-data", "here", "-shutdown-timeout", "3s"}, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":7000" || cfg.DataDir != "here" || cfg.ShutdownTimeout != 3*time.Second {
		t.Fatalf("flags must win over the environment: %+v", cfg)
	}
	cfg, err = server.ParseConfig([]string{"-trusted-proxies", "127.0.0.1, 10.0.0.0/8"}, getenv, io.Discard)
	if err != nil || len(cfg.TrustedProxies) != 2 || cfg.TrustedProxies[0].String() != "127.0.0.1/32" || cfg.TrustedProxies[1].String() != "10.0.0.0/8" {
		t.Fatalf("trusted proxies: %v, %v", cfg.TrustedProxies, err)
	}

	for _, bad := range [][]string{
		{"-organiser-token", "short"},
		{"-shutdown-timeout", "soon"},
		{"-notes-per-minute", "0"},
		{"-max-conns-per-addr", "lots"},
		{"-session-ttl", "-1h"},
		{"-accessibility-url", "javascript:alert(1)"},
		{"-accessibility-url", "/relative"},
		{"-accessibility-contact", "<script>"},
		{"-trusted-proxies", "localhost"},
		{"-trusted-proxies", "10.0.0.0/33"},
		{"-nope"},
		{"stray"},
	} {
		if _, err := server.ParseConfig(bad, getenv, io.Discard); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
}
