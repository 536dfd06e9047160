/** One log line as styled text spans; text is always a React text node, so markup in logs stays literal. */
import type { CSSProperties } from 'react';
import { markMatches } from '../../../../../shared/ansi/highlight';
import { extendedPaletteColor } from '../../../../../shared/ansi/palette';
import { parseAnsiLine, type AnsiColor, type AnsiStyle } from '../../../../../shared/ansi/parse';

function cssColor(color: AnsiColor | undefined): string | undefined {
  if (color === undefined) return undefined;
  if (typeof color === 'string') return color;
  return color < 16 ? `var(--ansi-${color})` : extendedPaletteColor(color);
}

function cssStyle(style: AnsiStyle): CSSProperties {
  const fg = cssColor(style.inverse ? style.bg : style.fg) ?? (style.inverse ? 'var(--log-bg)' : undefined);
  const bg = cssColor(style.inverse ? style.fg : style.bg) ?? (style.inverse ? 'var(--text)' : undefined);
  const decorations = [style.underline ? 'underline' : '', style.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  return {
    ...(fg ? { color: fg } : {}),
    ...(bg ? { backgroundColor: bg } : {}),
    ...(style.bold ? { fontWeight: 'bold' } : {}),
    ...(style.dim ? { opacity: 0.7 } : {}),
    ...(style.italic ? { fontStyle: 'italic' } : {}),
    ...(decorations ? { textDecoration: decorations } : {}),
  };
}

export function LogLineText({ raw, query, colours }: { raw: string; query: string; colours: boolean }) {
  const spans = markMatches(parseAnsiLine(raw), query);

  return (
    <>
      {spans.map((span, index) => {
        const style = colours ? cssStyle(span.style) : undefined;
        return span.match ? (
          <mark key={index} style={style}>
            {span.text}
          </mark>
        ) : (
          <span key={index} style={style}>
            {span.text}
          </span>
        );
      })}
    </>
  );
}
