const MAPS_KEY = 'AIzaS6Y6nqa31CSg-CzZ01Du_yFhYKJcaqhGGfM';
