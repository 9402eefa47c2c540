import type { StorybookConfig } from '@storybook/web-components-vite';

// Telemetry off twice over: here and STORYBOOK_DISABLE_TELEMETRY=1 in CI (it halves the build time).
process.env.STORYBOOK_DISABLE_TELEMETRY ??= '1';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: {
    disableTelemetry: true, // no network call to the telemetry endpoint
    disableWhatsNewNotifications: true, // no fetch of the "what's new" feed
  },
};
export default config;
