import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, TEMPLATE_IDS, placeholders, render, templatesOf } from '../../src/domain/templates.ts';

describe('templates', () => {
  it("renders the citizen's receipt in Chinese with the tracking code and the tracking page", () => {
    // Act
    const { title, text } = render(templatesOf('lufeng'), 'message_receipt', { trackingCode: 'K7PQ-3MXD', link: 'https://lufeng.example/t/K7PQ-3MXD' });

    // Assess
    expect(title).toBe('留言已受理');
    expect(text).toMatch(/^【民情直通】您的留言已受理，查询码K7PQ-3MXD。/);
    expect(text).toContain('https://lufeng.example/t/K7PQ-3MXD');
  });

  it('lets a city word a template its own way and keeps the defaults for the rest', () => {
    // Act
    const demo = templatesOf('demo');

    // Assess
    expect(demo.message_receipt.text).toContain('楚雄市');
    expect(demo.message_receipt.text).not.toBe(DEFAULT_TEMPLATES.message_receipt.text);
    expect(demo.case_resolved).toEqual(DEFAULT_TEMPLATES.case_resolved);
  });

  it('refuses to render with a placeholder left empty', () => {
    // Act
    const rendering = () => render(DEFAULT_TEMPLATES, 'message_receipt', { trackingCode: 'K7PQ-3MXD' });

    // Assess
    expect(rendering).toThrow(/needs \{link\}/);
  });

  it('has a Chinese title and text for every template, in every city catalog', () => {
    // Act
    const catalogs = ['demo', 'lufeng'].map((city) => [city, templatesOf(city)] as const);

    // Assess
    for (const [city, catalog] of catalogs) {
      for (const id of TEMPLATE_IDS) {
        expect(catalog[id].title, `${city} ${id}`).toMatch(/\p{Script=Han}|\{title\}/u);
        expect(catalog[id].text, `${city} ${id}`).toMatch(/\p{Script=Han}|\{body\}/u);
      }
    }
  });

  it('fills every placeholder from the parameters, and nothing else', () => {
    // Act
    const names = placeholders('事项{caseId}{stage}已超过期限（{dueAt}）');
    const { title, text } = render(DEFAULT_TEMPLATES, 'bulletin', { title: '通报', body: '内容{不是占位符}' });

    // Assess
    expect(names).toEqual(['caseId', 'stage', 'dueAt']);
    expect(title).toBe('【政务信息通报】通报');
    expect(text).toBe('内容{不是占位符}');
  });
});
