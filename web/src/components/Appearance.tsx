// The theme on this device: as the system says, or always light or dark (theme.ts).
import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { applyTheme, readTheme, type Theme, THEMES } from "../theme";

export function Appearance() {
  const [theme, setTheme] = useState<Theme>(readTheme);
  const intl = useIntl();
  return (
    <section aria-labelledby="appearance-title">
      <h2 id="appearance-title"><FormattedMessage id="appearance.title" defaultMessage="Appearance" /></h2>
      <div className="field">
        <label htmlFor="theme"><FormattedMessage id="appearance.theme" defaultMessage="Theme on this device" /></label>
        <select id="theme" value={theme} onChange={(e) => {
          const chosen = e.target.value as Theme;
          applyTheme(chosen);
          setTheme(chosen);
        }}>
          {Object.entries(THEMES).map(([value, label]) => <option key={value} value={value}>{intl.formatMessage(label)}</option>)}
        </select>
      </div>
    </section>
  );
}
