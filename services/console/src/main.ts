import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import './styles/theme.css';
import App from './App.vue';
import { router } from './router.ts';

createApp(App).use(router).mount('#app');
