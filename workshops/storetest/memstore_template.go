package storetest

import (
	"context"
	"maps"
	"slices"

	"github.com/samskap/samskap/workshops"
)

// SaveTemplate implements workshops.TemplateStore.
func (m *MemStore) SaveTemplate(ctx context.Context, key string, data []byte) error {
	if key == "" {
		return workshops.Errorf(workshops.EINVALID, "a template needs a key")
	}
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if m.templates == nil {
		m.templates = map[string][]byte{}
	}
	if _, ok := m.templates[key]; ok {
		return workshops.Errorf(workshops.ECONFLICT, "a template with this key exists")
	}
	if len(m.templates) >= workshops.MaxTemplateFiles {
		return workshops.Errorf(workshops.ELIMIT, "the store holds %d templates", workshops.MaxTemplateFiles)
	}
	m.templates[key] = slices.Clone(data)
	return nil
}

// TemplateKeys implements workshops.TemplateStore.
func (m *MemStore) TemplateKeys(ctx context.Context) ([]string, error) {
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	keys := slices.Sorted(maps.Keys(m.templates))
	if keys == nil {
		keys = []string{}
	}
	return keys, nil
}

// TemplateFile implements workshops.TemplateStore.
func (m *MemStore) TemplateFile(ctx context.Context, key string) ([]byte, error) {
	if err := m.lock(ctx); err != nil {
		return nil, err
	}
	defer m.mu.Unlock()
	data, ok := m.templates[key]
	if !ok {
		return nil, workshops.Errorf(workshops.ENOTFOUND, "no such template")
	}
	return slices.Clone(data), nil
}

// DeleteTemplate implements workshops.TemplateStore.
func (m *MemStore) DeleteTemplate(ctx context.Context, key string) error {
	if err := m.lock(ctx); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if _, ok := m.templates[key]; !ok {
		return workshops.Errorf(workshops.ENOTFOUND, "no such template")
	}
	delete(m.templates, key)
	return nil
}
