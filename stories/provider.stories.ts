import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { COMMUNITY, createStoryAdapter } from './decorators.js';

/**
 * `<lc-provider>` renders nothing of its own: it hands a store, the community and the theme to the
 * lc elements inside it. These stories show it wrapping ordinary page content.
 */
const meta = {
  title: 'Elements/Provider',
  component: 'lc-provider',
  args: { community: COMMUNITY, theme: 'auto', adapter: 'memory' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    adapter: { control: 'inline-radio', options: ['local', 'memory'] },
  },
  render: (args) => html`
    <lc-provider adapter=${args.adapter} community=${args.community} theme=${args.theme}>
      <section>
        <h3>Staff news</h3>
        <p>The reading circle meets on Tuesday in the east branch. lc elements placed here share one data store.</p>
      </section>
    </lc-provider>
  `,
} satisfies Meta;
export default meta;

type Story = StoryObj;

export const Default: Story = {};

/** The same content with a viewer given by the page (for adapters without an identity of their own). */
export const WithViewer: Story = {
  render: (args) => html`
    <lc-provider adapter="memory" community=${args.community} user-id="u-maya" user-name="Maya Okafor" user-roles="member moderator">
      <p>Elements inside see Maya Okafor (member, moderator) as the viewer.</p>
    </lc-provider>
  `,
};

/** A developer's own adapter object, passed as the `.adapter` property (here: a seeded memory adapter). */
export const WithAdapterObject: Story = {
  render: () => html`
    <lc-provider .adapter=${createStoryAdapter()} community=${COMMUNITY}>
      <p>This provider uses an adapter object set from JavaScript.</p>
    </lc-provider>
  `,
};

export const Dark: Story = {
  args: { theme: 'dark' },
};

/** Nested providers: the inner one wins for the elements inside it. */
export const Nested: Story = {
  render: () => html`
    <lc-provider adapter="memory" community=${COMMUNITY}>
      <p>Outer community: ${COMMUNITY}</p>
      <lc-provider adapter="memory" community="branch-7-volunteers">
        <p>Inner community: branch-7-volunteers</p>
      </lc-provider>
    </lc-provider>
  `,
};
