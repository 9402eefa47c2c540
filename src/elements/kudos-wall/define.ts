import { defineElement } from '../../core/define.js';
import { definePersonPicker } from '../../ui/person-picker.js';
import { LcKudosWall } from './kudos-wall.js';

definePersonPicker();
defineElement('lc-kudos-wall', LcKudosWall);

declare global {
  interface HTMLElementTagNameMap {
    'lc-kudos-wall': LcKudosWall;
  }
}

export { LcKudosWall };
