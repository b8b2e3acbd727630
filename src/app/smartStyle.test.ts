import { describe, expect, it } from 'vitest';
import { styleVariables } from './smartStyle';

describe('styleVariables', () => {
  it('maps SMART style keys to CSS variables', () => {
    expect(
      styleVariables({
        color_background: '#edeae3',
        color_highlight: 'rgb(26, 79, 139)',
        dim_border_radius: '6px',
        font_family_body: "Georgia, 'Times New Roman', serif",
      }),
    ).toEqual({
      '--ehr-background': '#edeae3',
      '--ehr-highlight': 'rgb(26, 79, 139)',
      '--ehr-radius': '6px',
      '--ehr-font-body': "Georgia, 'Times New Roman', serif",
    });
  });

  it('drops values that could inject CSS or load resources', () => {
    expect(
      styleVariables({
        color_background: 'red; background-image: url(https://evil.example.com/x)',
        font_family_body: 'x; } body { display: none',
        dim_font_size: 'expression(alert(1))',
        unknown_key: '#fff',
      }),
    ).toEqual({});
    expect(styleVariables('not an object')).toEqual({});
  });
});
